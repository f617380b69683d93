package cn.fieldsync.client;

import cn.fieldsync.schemas.RecordSchemas;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.SchemaExamples;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The device checks records against the same packaged contract as the server. */
class ContractOnTheDeviceTest {

    @Test
    void theContractLoadsFromTheClasspathAndJudgesEveryExample() {
        for (RecordType type : RecordType.values()) {
            for (String path : SchemaExamples.of(type, true)) {
                assertThat(RecordSchemas.get().validate(type, SchemaExamples.read(path))).as(path).isEmpty();
            }
            for (String path : SchemaExamples.of(type, false)) {
                assertThat(RecordSchemas.get().validate(type, SchemaExamples.read(path))).as(path).isNotEmpty();
            }
        }
    }
}
