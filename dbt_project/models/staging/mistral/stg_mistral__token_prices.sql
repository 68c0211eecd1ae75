{{ stage_token_prices('mistral') }}
