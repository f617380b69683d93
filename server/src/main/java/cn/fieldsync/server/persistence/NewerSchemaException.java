package cn.fieldsync.server.persistence;

import java.util.List;

/**
 * The database was migrated by a newer release than this binary: starting would let old code
 * write into a schema it does not know. The message says so in Chinese and in English, with both
 * versions, for the operator who reads the start-up log.
 */
public final class NewerSchemaException extends IllegalStateException {

    private final String known;
    private final List<String> newer;

    public NewerSchemaException(String known, List<String> newer) {
        super(("数据库已由更新版本的 fieldsync 升级（迁移 %s），本程序只认识到 V%s，拒绝启动：请运行同一版本或更新版本的服务端，"
                + "或从升级前的备份恢复数据库。 / The database was migrated by a newer fieldsync release (migrations %s); "
                + "this binary knows migrations up to V%s and refuses to start: run the same or a newer server release, "
                + "or restore the database from a backup taken before the upgrade.")
                .formatted(String.join(", ", newer), known, String.join(", ", newer), known));
        this.known = known;
        this.newer = List.copyOf(newer);
    }

    /** The newest migration version this binary has, e.g. {@code 14}. */
    public String known() {
        return known;
    }

    /** The database's migrations this binary lacks, e.g. {@code [V15]}. */
    public List<String> newer() {
        return newer;
    }
}
