{#- A GPU rate series' id, gpu_id|pricing_type: spelt here once because the observed series
    (int_price_series__daily) and the published history points (int_price_history__daily) must
    agree on it for a series' history to be spliced before its first observed day. -#}
{% macro gpu_series_id() -%}
gpu_id || '|' || pricing_type
{%- endmacro %}
