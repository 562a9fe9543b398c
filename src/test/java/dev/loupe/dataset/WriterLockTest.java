package dev.loupe.dataset;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterLockTest {

    @TempDir
    Path root;

    @Test
    void aSecondProcessIsToldWhichProcessHoldsTheDataset() throws Exception {
        Process holder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "-Dloupe.process=loupe move", HoldLock.class.getName(),
                root.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            DatasetBusyException e = assertThrows(DatasetBusyException.class,
                    () -> WriterLock.acquire(new DatasetLayout(root), Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("pid " + holder.pid() + " (loupe move), since "), e.getMessage());
            assertTrue(e.getMessage().contains("one process change a dataset at a time"), e.getMessage());
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        // The kernel released the killed process's lock: nothing is left stuck.
        try (WriterLock.Held held = WriterLock.acquire(new DatasetLayout(root), Duration.ofSeconds(5))) {
            assertEquals(ProcessHandle.current().pid(), WriterLock.owner(new DatasetLayout(root)).orElseThrow().pid());
        }
    }

    @Test
    void aThreadWaitsForAnotherThreadOfTheSameProcess() throws Exception {
        DatasetLayout layout = new DatasetLayout(root);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try (WriterLock.Held lock = WriterLock.acquire(layout)) {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        held.await();
        assertThrows(DatasetBusyException.class, () -> WriterLock.acquire(layout, Duration.ofMillis(100)));
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertDoesNotThrow(() -> WriterLock.acquire(layout, Duration.ZERO).close(), "free once the first let go");
    }

    @Test
    void theLockIsReentrantForOneThreadAndFreedByTheLastRelease() throws Exception {
        DatasetLayout layout = new DatasetLayout(root);
        try (WriterLock.Held outer = WriterLock.acquire(layout, Duration.ZERO)) {
            assertDoesNotThrow(() -> WriterLock.acquire(layout, Duration.ZERO).close());
            CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> {
                try {
                    WriterLock.acquire(layout, Duration.ZERO).close();
                    return true;
                } catch (DatasetBusyException e) {
                    return false;
                }
            });
            assertEquals(false, other.get(10, TimeUnit.SECONDS), "still held after the inner release");
        }
    }

    /** Holds a dataset's writer lock until killed. */
    public static final class HoldLock {
        public static void main(String[] args) throws Exception {
            WriterLock.Held lock = WriterLock.acquire(new DatasetLayout(Path.of(args[0])));
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(60_000);
            lock.close();
        }
    }
}
