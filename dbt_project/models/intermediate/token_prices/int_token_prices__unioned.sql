{{ union_staged('token_price_sources', 'token_prices') }}
