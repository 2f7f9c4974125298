"""Functions for running the tea shop."""

# TODO: define the 'STEEP_MINUTES' constant.


def steep_time(tea):
    """Minutes a pot of ``tea`` must steep."""
    pass


def cups_in_pot(pot_ml, cup_ml):
    """Whole cups a pot of ``pot_ml`` millilitres fills."""
    pass


def order_total(prices, items):
    """The price of an order: ``items`` names entries of the ``prices`` menu."""
    pass
