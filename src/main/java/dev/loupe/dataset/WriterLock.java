package dev.loupe.dataset;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per dataset. Every change to a dataset's files or catalog (moves, undo, redo, finishing an
 * interrupted move, scanning, exporting) happens while holding this lock: an operating-system lock on
 * {@code .loupe/writer.lock}, which the kernel releases when the process dies, so a crash never leaves a
 * dataset locked. Inside one process the lock is reentrant for a thread and exclusive between threads.
 *
 * <p>While it holds the lock, a process records who it is in {@code .loupe/writer.owner} (pid, command, since
 * when), so that a second writer that gives up waiting can say which process holds the dataset.
 *
 * <p>The registry of held locks is process-wide on purpose: POSIX file locks belong to the process, and
 * closing any second channel on the lock file would silently release the first.
 */
public final class WriterLock {

    private static final Logger LOG = LoggerFactory.getLogger(WriterLock.class);
    static final String LOCK_FILE = "writer.lock";
    static final String OWNER_FILE = "writer.owner";
    /** The system property naming this process for other processes' messages ({@code loupe move}, the window). */
    public static final String PROCESS_PROPERTY = "loupe.process";
    /** The system property (seconds) for how long a writer waits for another one before it gives up. */
    public static final String WAIT_PROPERTY = "loupe.lock.wait";
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 50;

    private static final ConcurrentHashMap<Path, Holder> HELD = new ConcurrentHashMap<>();

    private WriterLock() {
    }

    /** What is known of the process that holds a dataset, read from its owner file. */
    public record Owner(long pid, String command, Instant since) {

        String describe() {
            return "pid " + pid + " (" + command + "), since " + sinceText();
        }

        String sinceText() {
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault())
                    .format(since);
        }
    }

    /** A held lock; closing it releases it (the last close of a reentrant hold releases the file lock). */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** How long a writer waits by default: {@value #WAIT_PROPERTY} seconds if set, else 15 s. */
    public static Duration defaultWait() {
        String configured = System.getProperty(WAIT_PROPERTY);
        if (configured != null) {
            try {
                return Duration.ofMillis((long) (Double.parseDouble(configured) * 1000));
            } catch (NumberFormatException e) {
                LOG.warn("Ignoring -D{}={}: not a number of seconds", WAIT_PROPERTY, configured);
            }
        }
        return DEFAULT_WAIT;
    }

    /** Takes the dataset's writer lock, waiting {@link #defaultWait()} for another writer to finish. */
    public static Held acquire(DatasetLayout layout) {
        return acquire(layout, defaultWait());
    }

    /**
     * Takes the dataset's writer lock, waiting up to {@code wait} for another writer (process or thread).
     *
     * @throws DatasetBusyException when another writer still holds it after {@code wait}, naming it
     */
    public static Held acquire(DatasetLayout layout, Duration wait) {
        Path state = layout.stateDir();
        try {
            Files.createDirectories(state);
        } catch (IOException e) {
            throw new DatasetException("Cannot create Loupe's state folder " + state + " (is the dataset folder "
                    + "writable?): " + e.getMessage(), e);
        }
        Path key;
        try {
            key = state.toRealPath();
        } catch (IOException e) {
            throw new DatasetException("Cannot use Loupe's state folder " + state + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        Holder holder = HELD.computeIfAbsent(key, Holder::new);
        try {
            if (!holder.threads.tryLock(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS)) {
                throw new DatasetBusyException(layout.root(), holder.inProcess, wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetBusyException(layout.root(), holder.inProcess, wait);
        }
        if (holder.threads.getHoldCount() > 1) {
            return holder::release;
        }
        try {
            holder.lockFile(deadline, layout, wait);
        } catch (RuntimeException e) {
            holder.threads.unlock();
            throw e;
        }
        return holder::release;
    }

    /** The current owner of a dataset's lock as its owner file says, if the file is there and readable. */
    public static java.util.Optional<Owner> owner(DatasetLayout layout) {
        Path file = layout.stateDir().resolve(OWNER_FILE);
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            return java.util.Optional.of(new Owner(Long.parseLong(p.getProperty("pid", "-1")),
                    p.getProperty("command", "unknown command"), Instant.parse(p.getProperty("since"))));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** What this process calls itself in owner files. */
    static String thisProcess() {
        return System.getProperty(PROCESS_PROPERTY, "Loupe");
    }

    /** The per-dataset state of this process: the thread lock and, while held, the file lock. */
    private static final class Holder {
        private final Path state;
        private final ReentrantLock threads = new ReentrantLock(true);
        private FileChannel channel;
        private FileLock fileLock;
        /** Who in this process holds it (for the message another thread of this process gets). */
        private volatile Owner inProcess;

        Holder(Path state) {
            this.state = state;
        }

        /** Called with {@link #threads} held once: takes the file lock, polling until the deadline. */
        void lockFile(long deadline, DatasetLayout layout, Duration wait) {
            Path file = state.resolve(LOCK_FILE);
            boolean told = false;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                while (true) {
                    try {
                        fileLock = channel.tryLock();
                    } catch (OverlappingFileLockException e) {
                        fileLock = null; // another holder in this JVM under a different path: treat as busy
                    }
                    if (fileLock != null) {
                        break;
                    }
                    if (System.nanoTime() >= deadline) {
                        Owner other = owner(layout).orElse(null);
                        closeChannel();
                        throw new DatasetBusyException(layout.root(), other, wait);
                    }
                    if (!told) {
                        told = true;
                        owner(layout).ifPresent(o -> LOG.info("Waiting for {} to finish changing {}", o.describe(),
                                layout.root()));
                    }
                    Thread.sleep(POLL_MILLIS);
                }
                Owner me = new Owner(ProcessHandle.current().pid(), thisProcess(), Instant.now());
                writeOwner(me);
                inProcess = me;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeChannel();
                throw new DatasetBusyException(layout.root(), owner(layout).orElse(null), wait);
            } catch (IOException e) {
                closeChannel();
                throw new DatasetException("Cannot lock the dataset " + layout.root() + " for writing (" + file
                        + "): " + e.getMessage(), e);
            }
        }

        /**
         * Says who holds the lock, in a file of its own: reading the lock file itself from a second channel in
         * the holder's process would release the lock. A reader that catches it half-written names nobody.
         */
        private void writeOwner(Owner me) throws IOException {
            String text = "pid=" + me.pid() + "\ncommand=" + me.command().replace("\n", " ") + "\nsince="
                    + me.since() + "\n";
            Files.writeString(state.resolve(OWNER_FILE), text, StandardCharsets.UTF_8);
        }

        void release() {
            if (!threads.isHeldByCurrentThread()) {
                throw new IllegalStateException("the writer lock is released by a thread that does not hold it");
            }
            if (threads.getHoldCount() == 1) {
                inProcess = null;
                closeChannel();
            }
            threads.unlock();
        }

        private void closeChannel() {
            try {
                if (fileLock != null) {
                    fileLock.release();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                LOG.warn("Releasing the writer lock in {} failed (the operating system releases it when Loupe exits)",
                        state, e);
            } finally {
                fileLock = null;
                channel = null;
            }
        }
    }
}
