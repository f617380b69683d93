package cn.fieldsync.server.identity;

/** What a user may do (docs/security.md, "Roles"). */
public enum Role {
    /** Records in the field on a device; sees and writes records of assigned units and jurisdictions. */
    INSPECTOR,
    /** Discipline-commission reviewer: reads the evidence of assigned cases and jurisdictions; never pushes. */
    REVIEWER,
    /** Users, devices, conflicts; sees everything. */
    ADMIN;

    public static Role parse(String name) {
        for (Role role : values()) {
            if (role.name().equals(name)) {
                return role;
            }
        }
        return null;
    }
}
