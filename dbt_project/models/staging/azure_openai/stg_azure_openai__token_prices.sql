{{ stage_token_prices('azure_openai') }}
