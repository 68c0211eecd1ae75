{{ carry_forward(ref('int_token_prices__unioned'), 'price_date', 'token_prices') }}
