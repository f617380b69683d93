package cn.fieldsync.server.api;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Caller;
import jakarta.enterprise.context.RequestScoped;

/** The caller of the request being served, set by {@link AccessFilter}. */
@RequestScoped
public class CallerContext {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw new FieldsyncException(ErrorCode.UNAUTHENTICATED, "Authorization", Labels.say("tokenMissing"));
        }
        return caller;
    }
}
