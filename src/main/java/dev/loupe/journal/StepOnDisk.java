package dev.loupe.journal;

import dev.loupe.dataset.DatasetLayout;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One journaled step carried out on disk: safe to repeat after a crash at any point, never replacing a file. */
final class StepOnDisk {

    private static final Logger LOG = LoggerFactory.getLogger(StepOnDisk.class);

    private final DatasetLayout layout;
    private final JournalPaths paths;
    private final Renamer renamer;

    StepOnDisk(DatasetLayout layout, JournalPaths paths, Renamer renamer) {
        this.layout = layout;
        this.paths = paths;
        this.renamer = renamer;
    }

    /**
     * Moves one file without ever replacing another; safe to repeat after a crash at any point.
     *
     * @return null when the file is at its destination, else why it stays where it is
     */
    String move(MoveJournal.Step step) {
        Path from = layout.resolve(step.from());
        Path to = layout.resolve(step.to());
        try {
            return move(step, from, to);
        } finally {
            try {
                Files.deleteIfExists(NoReplaceRename.copyingName(to));
            } catch (IOException e) {
                LOG.warn("Cannot remove the partial copy {}", NoReplaceRename.copyingName(to), e);
            }
        }
    }

    private String move(MoveJournal.Step step, Path from, Path to) {
        String link = paths.linkOnTheWay(step.from());
        if (link == null) {
            link = paths.linkOnTheWay(step.to());
        }
        if (link != null) {
            return link + "; " + step.from() + " left in place";
        }
        boolean fromExists = Files.exists(from, LinkOption.NOFOLLOW_LINKS);
        boolean toExists = Files.exists(to, LinkOption.NOFOLLOW_LINKS);
        try {
            if (!fromExists && toExists) {
                return null;
            }
            if (fromExists && toExists) {
                if (Files.isSameFile(from, to) || completedCopy(step, from, to)) {
                    // Interrupted between giving the file its new name and removing the old one.
                    Files.delete(from);
                    return null;
                }
                return step.to() + " is taken by another file; " + step.from() + " left in place";
            }
            if (!fromExists) {
                return step.from() + " no longer exists (moved or deleted by another program)";
            }
            Files.createDirectories(to.getParent());
            renamer.rename(from, to);
            return null;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return step.to() + " is taken by another file; " + step.from() + " left in place";
        } catch (AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        } catch (NoSuchFileException e) {
            return step.from() + " no longer exists (moved or deleted by another program)";
        } catch (IOException e) {
            return "cannot move " + step.from() + ": " + describe(e);
        }
    }

    /**
     * Whether {@code to} is a finished copy of {@code from} made where hard links are not supported (both hold
     * the step's content), so that only removing the original was left to do.
     */
    private static boolean completedCopy(MoveJournal.Step step, Path from, Path to) {
        if (step.sha256() == null || Files.isSymbolicLink(from) || Files.isSymbolicLink(to)) {
            return false;
        }
        return step.sha256().equals(sha256(to)) && step.sha256().equals(sha256(from));
    }

    private static String sha256(Path file) {
        try {
            return dev.loupe.dataset.ContentHash.of(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** A short reason for an I/O failure, naming a full disk as such. */
    private String describe(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.contains("No space left on device") || m.contains("Disk quota exceeded")) {
            return "the disk is full (free some space, then try again)";
        }
        return m;
    }
}
