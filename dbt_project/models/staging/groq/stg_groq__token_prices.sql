{{ stage_token_prices('groq') }}
