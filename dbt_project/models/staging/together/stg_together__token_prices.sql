{{ stage_token_prices('together') }}
