package dev.autorefresh.testsupport.boundaries.tangled.web;

/** Fixture: a web-layer type a feature should not use. */
public enum Status { OK }
