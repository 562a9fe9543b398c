package dev.loupe.work;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Loupe keeps a user's settings and caches, in each system's standard place: on Linux and other Unix
 * systems {@code $XDG_CONFIG_HOME/loupe} (else {@code ~/.config/loupe}) and {@code $XDG_CACHE_HOME/loupe} (else
 * {@code ~/.cache/loupe}); on Windows {@code %APPDATA%\Loupe} and {@code %LOCALAPPDATA%\Loupe\Cache}; on macOS
 * {@code ~/Library/Application Support/Loupe} and {@code ~/Library/Caches/Loupe}.
 */
public final class UserFolders {

    /** The folders for one system. */
    public record Folders(Path config, Path cache) {
    }

    private UserFolders() {
    }

    /** This user's folders on this machine. */
    public static Folders standard() {
        return of(System.getProperty("os.name", ""), System.getenv(), System.getProperty("user.home"));
    }

    /** The folders for a system named {@code osName}, with environment {@code env} and home folder {@code home}. */
    public static Folders of(String osName, Map<String, String> env, String home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            Path roaming = set(env, "APPDATA") ? Path.of(env.get("APPDATA")) : Path.of(home, "AppData", "Roaming");
            Path local = set(env, "LOCALAPPDATA") ? Path.of(env.get("LOCALAPPDATA")) : Path.of(home, "AppData", "Local");
            return new Folders(roaming.resolve("Loupe"), local.resolve("Loupe").resolve("Cache"));
        }
        if (os.startsWith("mac")) {
            Path library = Path.of(home, "Library");
            return new Folders(library.resolve("Application Support").resolve("Loupe"),
                    library.resolve("Caches").resolve("Loupe"));
        }
        Path config = set(env, "XDG_CONFIG_HOME") ? Path.of(env.get("XDG_CONFIG_HOME")) : Path.of(home, ".config");
        Path cache = set(env, "XDG_CACHE_HOME") ? Path.of(env.get("XDG_CACHE_HOME")) : Path.of(home, ".cache");
        return new Folders(config.resolve("loupe"), cache.resolve("loupe"));
    }

    private static boolean set(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }
}
