package dev.autorefresh.testsupport.boundaries.clean.web;

import dev.autorefresh.testsupport.boundaries.clean.orders.Order;

/** Fixture: the web layer depends on a feature, which is allowed. */
class OrderController {

    Order shown;
}
