package cn.fieldsync.server.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.net.URI;

/**
 * Accounts for tests, made through the real admin API. The administrator's password comes from
 * src/test/resources/META-INF/microprofile-config.properties.
 */
public final class TestUsers {

    public static final String ADMIN_PASSWORD = "admin-test-password-2026";
    /** The county every test record is in (栖霞市). */
    public static final String COUNTY = "370686";

    private TestUsers() {
    }

    public static Http admin(URI base) {
        return new Http(base).login("admin", ADMIN_PASSWORD);
    }

    /** Creates a user (password "{username}-password") and answers a client logged in as them. */
    public static Http create(Http admin, String username, String role, String... jurisdictions) {
        createAccount(admin, username, role, jurisdictions);
        return admin.login(username, password(username));
    }

    public static void createAccount(Http admin, String username, String role, String... jurisdictions) {
        JsonObject user = new JsonObject();
        user.addProperty("username", username);
        user.addProperty("password", password(username));
        user.addProperty("role", role);
        JsonArray list = new JsonArray();
        for (String j : jurisdictions) {
            list.add(j);
        }
        user.add("jurisdictions", list);
        Http.Answer answer = admin.post("/api/admin/users", user.toString());
        if (answer.status() != 201) {
            throw new AssertionError("user " + username + " not created: " + answer.status() + " " + answer.body());
        }
    }

    public static String password(String username) {
        return username + "-password";
    }

    /** An inspector of the test county, created when absent. */
    public static void inspectorAccount(Http admin, String username) {
        if (admin.get("/api/admin/users/" + username).status() == 404) {
            createAccount(admin, username, "INSPECTOR", COUNTY);
        }
    }

    /** A device enrolled by an inspector of the test county, with a token bound to it. */
    public record Device(String id, Http http) {
    }

    public static Device device(Http admin, String username) {
        inspectorAccount(admin, username);
        Http user = admin.login(username, password(username));
        Http.Answer enrolled = user.post("/api/devices", "{\"name\":\"test device of " + username + "\"}");
        if (enrolled.status() != 201) {
            throw new AssertionError("device not enrolled: " + enrolled.status() + " " + enrolled.body());
        }
        String id = enrolled.field("id");
        return new Device(id, admin.login(username, password(username), id));
    }

    /** Enrols a device store for the inspector "inspector-{name}" of the test county (made when absent); returns its id. */
    public static String init(Http admin, cn.fieldsync.client.FieldStore store, String name) {
        String user = "inspector-" + name.toLowerCase(java.util.Locale.ROOT);
        inspectorAccount(admin, user);
        return store.init(admin.base().toString(), name, user, password(user));
    }
}
