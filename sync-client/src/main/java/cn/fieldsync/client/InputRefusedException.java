package cn.fieldsync.client;

/**
 * The call's input, or the store's state, refuses it: a record that does not follow its schema
 * (the message names the field and the rule), an unknown id, a sealed record, a store not
 * initialised. Nothing was changed. Retrying the same call fails the same way.
 */
public class InputRefusedException extends FieldsyncException {

    public InputRefusedException(String message) {
        super(message);
    }

    /** @param code a device code ("invalid_record", "no_record", ...) or null */
    public InputRefusedException(String message, String code) {
        super(message, false, null, code);
    }
}
