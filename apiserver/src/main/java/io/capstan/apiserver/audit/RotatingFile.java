package io.capstan.apiserver.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Logger;

/**
 * A log file rotated by size, as the lumberjack logger upstream's audit log uses: a write that would take the file
 * past {@code maxBytes} first renames it to {@code <name>-<UTC time>.<ext>} (time as {@code 2006-01-02T15-04-05.000})
 * and starts a new one; then backups beyond {@code maxBackups} (0 keeps all), and older than {@code maxAge}
 * (zero keeps all) by the time in their name, are deleted. New files are created with mode 0600. Not thread-safe:
 * {@link LogBackend} serializes writes.
 */
public final class RotatingFile extends OutputStream {
    private static final Logger LOG = Logger.getLogger(RotatingFile.class.getName());
    static final DateTimeFormatter BACKUP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS");

    private final Path file;
    private final long maxBytes;
    private final int maxBackups;
    private final Duration maxAge;
    private final Clock clock;
    private final String prefix;
    private final String ext;
    private FileChannel channel;
    private long size;

    /**
     * @param file       the log file; created (with its directory) if missing, appended to otherwise
     * @param maxBytes   the size at which the file rotates
     * @param maxBackups how many rotated files to keep; 0 keeps all
     * @param maxAge     how long to keep rotated files; zero keeps them whatever their age
     * @param clock      gives the time in backup names and for {@code maxAge}
     */
    public RotatingFile(Path file, long maxBytes, int maxBackups, Duration maxAge, Clock clock) throws IOException {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.file = file.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.maxBackups = maxBackups;
        this.maxAge = maxAge;
        this.clock = clock;
        String name = this.file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        this.prefix = (dot <= 0 ? name : name.substring(0, dot)) + "-";
        this.ext = dot <= 0 ? "" : name.substring(dot);
        Path dir = this.file.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        open();
    }

    private void open() throws IOException {
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
        }
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (channel == null) {
            throw new IOException("audit log " + file + " is closed");
        }
        if (len > maxBytes) {
            throw new IOException("write length " + len + " exceeds maximum file size " + maxBytes);
        }
        if (size + len > maxBytes && size > 0) {
            rotate();
        }
        var buf = java.nio.ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        size += len;
    }

    /** Renames the current file to its backup name, starts a new one, and removes old backups. */
    private void rotate() throws IOException {
        channel.close();
        channel = null;
        Instant now = clock.instant();
        Path backup = file.resolveSibling(prefix + BACKUP_TIME.format(LocalDateTime.ofInstant(now, ZoneOffset.UTC)) + ext);
        Files.move(file, backup, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        open();
        removeOldBackups(now);
    }

    private void removeOldBackups(Instant now) {
        record Backup(Path path, Instant time) {
        }
        List<Backup> backups = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(file.getParent(), prefix + "*" + ext)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                String ts = name.substring(prefix.length(), name.length() - ext.length());
                try {
                    backups.add(new Backup(p, LocalDateTime.parse(ts, BACKUP_TIME).toInstant(ZoneOffset.UTC)));
                } catch (DateTimeParseException e) {
                    // not one of ours
                }
            }
        } catch (IOException e) {
            LOG.warning("cannot list audit log backups: " + e.getMessage());
            return;
        }
        backups.sort(Comparator.comparing(Backup::time).reversed());
        for (int i = 0; i < backups.size(); i++) {
            Backup b = backups.get(i);
            boolean tooMany = maxBackups > 0 && i >= maxBackups;
            boolean tooOld = !maxAge.isZero() && b.time().isBefore(now.minus(maxAge));
            if (tooMany || tooOld) {
                try {
                    Files.deleteIfExists(b.path());
                } catch (IOException e) {
                    LOG.warning("cannot remove audit log backup " + b.path() + ": " + e.getMessage());
                }
            }
        }
    }

    @Override
    public void flush() {
        // Every write goes straight to the file.
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
