{{ stage_token_prices('bedrock') }}
