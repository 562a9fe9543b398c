package dev.loupe.journal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A hard link fails if the new name is taken, so nothing is ever replaced; the old name is then dropped. If
 * dropping it fails, the new link is removed again only while the old name still holds the same file, so a
 * file is never left under two names and never under none. Where hard links are not supported (FAT, some
 * network shares), the file is copied to a hidden name beside its destination, verified by size, given its
 * final name only if that name is still free, and the original removed last.
 */
final class NoReplaceRename implements Renamer {

    /** The renamer every journal uses: hard links where the file system has them. */
    static final Renamer STANDARD = new NoReplaceRename(Files::createLink);

    /** Creates a hard link {@code link} to {@code existing}. */
    @FunctionalInterface
    interface Linker {
        void link(Path link, Path existing) throws IOException;
    }

    private final Linker linker;

    NoReplaceRename(Linker linker) {
        this.linker = linker;
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        try {
            linker.link(to, from);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof AccessDeniedException || e instanceof NoSuchFileException
                    || e instanceof java.nio.file.FileAlreadyExistsException) {
                throw e;
            }
            copyThenDelete(from, to);
            return;
        }
        try {
            Files.delete(from);
        } catch (IOException e) {
            if (Files.exists(from, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(from, to)) {
                Files.delete(to);
            }
            if (!(e instanceof NoSuchFileException)) {
                throw e;
            }
        }
    }

    private static void copyThenDelete(Path from, Path to) throws IOException {
        Path temp = copyingName(to);
        Files.deleteIfExists(temp); // an earlier, interrupted copy of this very step
        Files.copy(from, temp, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        try {
            if (!Files.isSymbolicLink(from) && Files.size(temp) != Files.size(from)) {
                throw new IOException("the copy of " + from + " is incomplete");
            }
            if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.FileAlreadyExistsException(to.toString());
            }
            Files.move(temp, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.delete(from);
    }

    /** The hidden name a copy is written under before it takes its final name (never catalogued: hidden). */
    static Path copyingName(Path to) {
        return to.resolveSibling("." + to.getFileName() + ".loupe-copying");
    }
}
