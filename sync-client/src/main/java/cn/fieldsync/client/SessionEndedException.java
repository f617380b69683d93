package cn.fieldsync.client;

/**
 * The device's session with the server has ended (its login expired after its refresh lifetime,
 * the password was changed, or the user logged out elsewhere): log in again with
 * {@link FieldStore#login}. Nothing on the device was lost.
 */
public class SessionEndedException extends FieldsyncException {

    public SessionEndedException(String message, Throwable cause) {
        super(message, false, cause, "unauthenticated");
    }
}
