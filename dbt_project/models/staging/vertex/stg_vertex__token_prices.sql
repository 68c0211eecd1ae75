{{ stage_token_prices('vertex') }}
