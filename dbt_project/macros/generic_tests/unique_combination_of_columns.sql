{#- Local stand-in for dbt_utils' test (packages cannot be downloaded here): no two rows share the combination. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
{{ duplicate_keys(model, combination_of_columns) }}
{% endtest %}
