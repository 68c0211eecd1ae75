{{ stage_token_prices('openai') }}
