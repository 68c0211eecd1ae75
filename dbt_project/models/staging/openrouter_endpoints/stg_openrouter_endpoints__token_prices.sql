{{ stage_token_prices('openrouter_endpoints') }}
