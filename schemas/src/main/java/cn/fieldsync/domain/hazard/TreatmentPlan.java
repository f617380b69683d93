package cn.fieldsync.domain.hazard;

import java.util.ArrayList;
import java.util.List;

/**
 * 治理方案 of a major danger. Its six parts ("五落实" plus the emergency plan) must all be
 * written before treatment may start.
 */
public record TreatmentPlan(String objectivesAndTasks,
                            String methodsAndMeasures,
                            String fundsAndMaterials,
                            String responsibleBodyAndPeople,
                            String timeLimit,
                            String safetyAndEmergencyMeasures) {

    public static final TreatmentPlan NONE = new TreatmentPlan(null, null, null, null, null, null);

    /** Names (as in the schema) of the parts that are missing or blank. */
    public List<String> missingParts() {
        List<String> missing = new ArrayList<>();
        addIfBlank(missing, "objectivesAndTasks", objectivesAndTasks);
        addIfBlank(missing, "methodsAndMeasures", methodsAndMeasures);
        addIfBlank(missing, "fundsAndMaterials", fundsAndMaterials);
        addIfBlank(missing, "responsibleBodyAndPeople", responsibleBodyAndPeople);
        addIfBlank(missing, "timeLimit", timeLimit);
        addIfBlank(missing, "safetyAndEmergencyMeasures", safetyAndEmergencyMeasures);
        return missing;
    }

    public boolean isComplete() {
        return missingParts().isEmpty();
    }

    private static void addIfBlank(List<String> missing, String name, String value) {
        if (value == null || value.trim().isEmpty()) {
            missing.add(name);
        }
    }
}
