package dev.loupe.sample;

/** The kinds of synthetic scene the sample generator draws, and the class each belongs to. */
public enum SceneKind {
    HIGHWAY(true),
    COUNTRY_ROAD(true),
    CITY_STREET(true),
    PARKING_LOT(true),
    LANDSCAPE(false),
    FOREST(false),
    WATER(false),
    BUILDING(false),
    ROOM(false),
    OBJECT(false),
    TRAIL(false),
    RAILWAY(false);

    private final boolean road;

    SceneKind(boolean road) {
        this.road = road;
    }

    public boolean road() {
        return road;
    }

    /** Scenes a careful person could reasonably file either way. */
    public boolean ambiguous() {
        return this == PARKING_LOT || this == TRAIL || this == RAILWAY;
    }
}
