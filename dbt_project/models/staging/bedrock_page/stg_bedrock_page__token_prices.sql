{{ stage_token_prices('bedrock_page') }}
