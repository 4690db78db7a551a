import Foundation

extension VillageStore {
    /// The database and its `-wal` and `-shm` files hold household data: readable and writable by
    /// their owner only, whatever the creating process's umask was (the `village` command also sets
    /// umask 077, so the files are never even briefly readable by others).
    static func restrictFileModes(of path: String) {
        for file in [path, path + "-wal", path + "-shm"] {
            var info = stat()
            guard lstat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == geteuid(),
                info.st_mode & 0o077 != 0
            else { continue }
            chmod(file, 0o600)
        }
    }
}
