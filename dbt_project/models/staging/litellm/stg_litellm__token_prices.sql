{{ stage_token_prices('litellm') }}
