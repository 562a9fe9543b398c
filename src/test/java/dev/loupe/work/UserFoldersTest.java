package dev.loupe.work;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings and caches go where each system keeps them. */
class UserFoldersTest {

    @Test
    void eachSystemGetsItsStandardFolders() {
        UserFolders.Folders linux = UserFolders.of("Linux", Map.of(), "/home/ann");
        assertEquals(Path.of("/home/ann/.config/loupe"), linux.config());
        assertEquals(Path.of("/home/ann/.cache/loupe"), linux.cache());
        UserFolders.Folders xdg = UserFolders.of("Linux", Map.of("XDG_CONFIG_HOME", "/cfg", "XDG_CACHE_HOME", "/tmp/c"),
                "/home/ann");
        assertEquals(Path.of("/cfg/loupe"), xdg.config());
        assertEquals(Path.of("/tmp/c/loupe"), xdg.cache());
        UserFolders.Folders mac = UserFolders.of("Mac OS X", Map.of(), "/Users/ann");
        assertEquals(Path.of("/Users/ann/Library/Application Support/Loupe"), mac.config());
        assertEquals(Path.of("/Users/ann/Library/Caches/Loupe"), mac.cache());
        UserFolders.Folders windows = UserFolders.of("Windows 11", Map.of("APPDATA", "R", "LOCALAPPDATA", "L"), "H");
        assertEquals(Path.of("R", "Loupe"), windows.config());
        assertEquals(Path.of("L", "Loupe", "Cache"), windows.cache());
        assertEquals(Path.of("H", "AppData", "Roaming", "Loupe"), UserFolders.of("Windows 10", Map.of(), "H").config(),
                "without APPDATA: the usual place under the home folder");
    }
}
