{{ stage_token_prices('fireworks') }}
