package cn.fieldsync.server.identity;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.error.Named;
import cn.fieldsync.server.persistence.Sql;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.persistence.EntityManager;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a user is given to see, in rows of its own (V21): {@code app_user_jurisdiction} (division-code
 * prefixes), {@code app_user_unit} (unit ids) and {@code app_user_case} (case ids), each entry once per
 * user, in the order the administrator gave them. A list given in a request replaces the stored one
 * whole. Plain SQL on the caller's connection (docs/architecture.md, "Data access": rows kept beside
 * an aggregate, and reads of another package's tables); inside a transaction pass
 * {@link Sql#connection}. Stateless.
 */
public final class UserScopes {

    /** One of the three lists: its member in a request and the user's JSON, its table and column, what an entry is (a problem sentence). */
    enum ScopeList {
        // a division code (GB/T 2260) is two digits of province, two of city, two of county: a prefix of 3 or 5
        // digits (37068, a digit dropped from 370686) would silently cover ten counties, or none
        JURISDICTIONS("jurisdictions", "app_user_jurisdiction", "jurisdiction", Pattern.compile("[0-9]{2}|[0-9]{4}|[0-9]{6}"),
                "jurisdictionEntry"),
        UNITS("units", "app_user_unit", "unit_id", null, "unitEntry"),
        CASES("cases", "app_user_case", "case_id", null, "caseEntry");

        final String member;
        final String table;
        final String column;
        private final Pattern pattern;
        private final String rule;

        ScopeList(String member, String table, String column, Pattern pattern, String rule) {
            this.member = member;
            this.table = table;
            this.column = column;
            this.pattern = pattern;
            this.rule = rule;
        }

        private boolean valid(String entry) {
            if (pattern == null) {
                return Uuids.isCanonical(entry);
            }
            // GB/T 2260: the first two digits are a province (11 北京 … 65 新疆, 71 台湾, 81 香港, 82 澳门); 00 or 99 is none
            return pattern.matcher(entry).matches() && PROVINCES.contains(entry.substring(0, 2));
        }
    }

    static final int MAX_ENTRIES = 500;

    /** The province-level codes of GB/T 2260. */
    private static final java.util.Set<String> PROVINCES = java.util.Set.of("11", "12", "13", "14", "15", "21", "22", "23",
            "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54",
            "61", "62", "63", "64", "65", "71", "81", "82");

    private UserScopes() {
    }

    /**
     * The lists a request gives ({@code "jurisdictions"}, {@code "units"}, {@code "cases"}), checked,
     * each without repeats, in the order given; lists the request leaves out are absent from the map.
     *
     * @throws FieldsyncException {@code invalid_user} naming the first entry that is not one
     */
    static Map<ScopeList, List<String>> requested(JsonObject request) {
        Map<ScopeList, List<String>> lists = new LinkedHashMap<>();
        for (ScopeList list : ScopeList.values()) {
            if (request.has(list.member)) {
                lists.put(list, entries(request, list));
            }
        }
        return lists;
    }

    private static List<String> entries(JsonObject request, ScopeList list) {
        JsonElement value = request.get(list.member);
        if (!value.isJsonArray() || value.getAsJsonArray().size() > MAX_ENTRIES) {
            throw new FieldsyncException(ErrorCode.INVALID_USER, "/" + list.member,
                    Labels.say("scopeListSize", Named.field(list.member), MAX_ENTRIES));
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.getAsJsonArray().size(); i++) {
            JsonElement item = value.getAsJsonArray().get(i);
            String text = item.isJsonPrimitive() && item.getAsJsonPrimitive().isString() ? item.getAsString() : null;
            if (text == null || !list.valid(text)) {
                throw new FieldsyncException(ErrorCode.INVALID_USER, "/" + list.member + "/" + i, Labels.say(list.rule, "UUID"));
            }
            if (!items.contains(text)) {
                items.add(text);
            }
        }
        return items;
    }

    /**
     * Replaces the user's lists that are given. The user's row must be written already (the rows
     * refer to it): after {@code em.persist}, flush before calling this.
     *
     * @throws FieldsyncException {@code invalid_user} at the entry ({@code /units/2}) when a unit or a
     *         case newly given is not on the server (a mistyped or pasted id would otherwise give a
     *         user a scope that shows nothing, and nobody would notice). Entries the user already had
     *         stay, even if their unit was removed since: saving a user's name does not fail on them.
     */
    static void replace(Connection c, String username, Map<ScopeList, List<String>> lists) {
        Scope before = assigned(c, username);
        checkKnown(c, lists.get(ScopeList.UNITS), before.units(), ScopeList.UNITS,
                "SELECT id FROM record WHERE record_type = 'unit' AND deleted = ? AND id IN (", "scopeUnitUnknown");
        checkKnown(c, lists.get(ScopeList.CASES), before.cases(), ScopeList.CASES,
                "SELECT id FROM case_file WHERE id IN (", "scopeCaseUnknown");
        lists.forEach((list, entries) -> {
            Sql.update(c, "DELETE FROM " + list.table + " WHERE username = ?", username);
            for (int i = 0; i < entries.size(); i++) {
                Sql.update(c, "INSERT INTO " + list.table + " (username, " + list.column + ", position) VALUES (?, ?, ?)",
                        username, entries.get(i), i + 1);
            }
        });
    }

    private static void checkKnown(Connection c, List<String> given, List<String> had, ScopeList list, String select, String problem) {
        if (given == null) {
            return;
        }
        List<String> added = given.stream().filter(id -> !had.contains(id)).toList();
        if (added.isEmpty()) {
            return;
        }
        List<Object> parameters = new ArrayList<>();
        if (list == ScopeList.UNITS) {
            parameters.add(false);
        }
        parameters.addAll(added);
        List<String> known = Sql.list(c, select + Sql.placeholders(added.size()) + ")", row -> row.getString(1), parameters.toArray());
        for (String id : added) {
            if (!known.contains(id)) {
                throw new FieldsyncException(ErrorCode.INVALID_USER, "/" + list.member + "/" + given.indexOf(id), Labels.say(problem, id));
            }
        }
    }

    /** The lists the user was given, as a scope that is not everything (also for an administrator: their lists as stored). */
    static Scope assigned(Connection c, String username) {
        return assigned(c, List.of(username)).getOrDefault(username, Scope.NOTHING);
    }

    /** {@link #assigned(Connection, String)} of each user named; a user with no entries is absent from the map. */
    static Map<String, Scope> assigned(Connection c, List<String> usernames) {
        if (usernames.isEmpty()) {
            return Map.of();
        }
        String in = Sql.placeholders(usernames.size());
        StringBuilder sql = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        for (ScopeList list : ScopeList.values()) {
            sql.append(sql.isEmpty() ? "" : " UNION ALL ").append("SELECT username, ").append(list.ordinal()).append(" AS list, ")
                    .append(list.column).append(" AS entry, position FROM ").append(list.table)
                    .append(" WHERE username IN (").append(in).append(')');
            parameters.addAll(usernames);
        }
        sql.append(" ORDER BY 1, 2, 4");
        Map<String, List<List<String>>> byUser = new LinkedHashMap<>();
        for (Entry entry : Sql.list(c, sql.toString(), row -> new Entry(row.getString(1), row.getInt(2), row.getString(3)),
                parameters.toArray())) {
            byUser.computeIfAbsent(entry.username, u -> List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()))
                    .get(entry.list).add(entry.value);
        }
        Map<String, Scope> scopes = new LinkedHashMap<>();
        byUser.forEach((username, lists) -> scopes.put(username, new Scope(false, lists.get(0), lists.get(1), lists.get(2))));
        return scopes;
    }

    /** One row of a scope list: its user, which list (a {@link ScopeList} ordinal), the entry. */
    private record Entry(String username, int list, String value) {
    }

    /** What the user sees by their own scope: everything for an administrator, else the lists they were given. */
    static Scope own(Connection c, UserEntity user) {
        return own(c, user.username, user.role);
    }

    /** {@link #own(Connection, UserEntity)} from the user's name and role (a {@link Role} name). */
    static Scope own(Connection c, String username, String role) {
        return Role.ADMIN.name().equals(role) ? Scope.ALL : assigned(c, username);
    }

    /**
     * The own scope of a user (not the cases they are named an investigator of), for a check made
     * inside a transaction of another package (whom a case may name, {@code casefile.CaseReach}).
     *
     * @return empty when there is no such user
     */
    public static Optional<Scope> ownScope(EntityManager em, String username) {
        UserEntity user = username == null ? null : em.find(UserEntity.class, username);
        return user == null ? Optional.empty() : Optional.of(own(Sql.connection(em), user));
    }

    /**
     * The scope with the cases the user is named an investigator of: naming (CaseReach) changes
     * no user's own scope — the case lists its investigators, and they read it and the evidence
     * confirmed for it within its reach for as long as they are listed.
     */
    static Scope withNamedCases(Connection c, String username, Scope scope) {
        if (scope.everything()) {
            return scope;
        }
        List<String> cases = new ArrayList<>(scope.cases());
        // casefile's rows of a case's investigators (V22), read as another package's table
        for (String named : Sql.list(c, "SELECT case_id FROM case_investigator WHERE username = ? ORDER BY case_id",
                row -> row.getString(1), username)) {
            if (!cases.contains(named)) {
                cases.add(named);
            }
        }
        if (cases.isEmpty()) {
            return scope;
        }
        // the reach of the cases, in the scope's key: a case that loses a division code restarts the feeds
        // of those it is assigned to, and their devices drop the evidence it no longer reaches
        String reach = String.join("", Sql.list(c, "SELECT case_id, jurisdiction FROM case_reach WHERE case_id IN ("
                + Sql.placeholders(cases.size()) + ") ORDER BY case_id, jurisdiction",
                row -> row.getString(1) + ':' + row.getString(2) + ';', cases.toArray()));
        return new Scope(false, scope.jurisdictions(), scope.units(), cases, reach);
    }

    /**
     * Whether one of the user's jurisdictions lies within the caller's, or contains one of them
     * (the caller's city or province): whose display names a caller may learn.
     */
    static boolean sharesJurisdiction(Connection c, Caller caller, UserEntity user) {
        if (caller.scope().everything() || caller.username().equals(user.username)) {
            return true;
        }
        List<String> theirs = assigned(c, user.username).jurisdictions();
        if (Role.ADMIN.name().equals(user.role) && theirs.isEmpty()) {
            return true; // the system's administrators, whose names appear on every county's conflict resolutions
        }
        for (String their : theirs) {
            for (String mine : caller.scope().jurisdictions()) {
                if (their.startsWith(mine) || mine.startsWith(their)) {
                    return true;
                }
            }
        }
        return false;
    }
}
