{{ stage_token_prices('deepseek') }}
