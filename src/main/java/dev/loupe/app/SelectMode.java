package dev.loupe.app;

/** How a click changes the selection. */
public enum SelectMode { REPLACE, TOGGLE, RANGE }
