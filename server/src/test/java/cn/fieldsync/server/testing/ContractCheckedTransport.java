package cn.fieldsync.server.testing;

import cn.fieldsync.client.SyncTransport;
import cn.fieldsync.client.internal.HttpTransport;
import cn.fieldsync.schemas.RecordSchemas;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** Every sync message, both ways, must match its schema in schemas/sync/. */
public final class ContractCheckedTransport extends DelegatingTransport {

    public ContractCheckedTransport(SyncTransport real) {
        super(real);
    }

    public static ContractCheckedTransport over(URI server) {
        return new ContractCheckedTransport(new HttpTransport(server.toString()));
    }

    @Override
    public String push(String token, String requestJson) {
        assertThat(RecordSchemas.get().validate(RecordSchemas.Message.PUSH_REQUEST, requestJson)).as(requestJson).isEmpty();
        String answer = real.push(token, requestJson);
        assertThat(RecordSchemas.get().validate(RecordSchemas.Message.PUSH_ANSWER, answer)).as(answer).isEmpty();
        return answer;
    }

    @Override
    public String changes(String token, long since, String scope, int limit) {
        String page = real.changes(token, since, scope, limit);
        assertThat(RecordSchemas.get().validate(RecordSchemas.Message.CHANGES_PAGE, page)).as(page).isEmpty();
        return page;
    }
}
