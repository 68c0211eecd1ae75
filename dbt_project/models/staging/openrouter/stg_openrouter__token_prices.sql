{{ stage_token_prices('openrouter') }}
