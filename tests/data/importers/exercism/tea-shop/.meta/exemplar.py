"""Functions for running the tea shop."""

STEEP_MINUTES = {"green": 2, "black": 4, "herbal": 6}


def steep_time(tea):
    """Minutes a pot of ``tea`` must steep."""
    return STEEP_MINUTES[tea]


def cups_in_pot(pot_ml, cup_ml):
    """Whole cups a pot of ``pot_ml`` millilitres fills."""
    return pot_ml // cup_ml


def order_total(prices, items):
    """The price of an order: ``items`` names entries of the ``prices`` menu."""
    return round(sum(prices[item] for item in items), 2)
