{{ stage_token_prices('anthropic') }}
