package cn.fieldsync.schemas;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.HashSet;
import java.util.Set;

/**
 * 安全生产法 art 68: the written record of an inspection is signed by the inspectors and by the
 * inspected unit's person in charge; when that person refuses, the inspectors record the refusal
 * and report it to the department. 行政处罚法 art 42: law enforcement is done by at least two
 * officers ("执法人员不得少于两人"). Checked when a record is sealed, the same on the device
 * (before it seals) and on the server (before it stores). The inspection's dates (an on-site
 * deadline not before the inspection) are {@link RecordChecks#dates}, checked at every save.
 */
public final class InspectionSignatures {

    /** The common default of officers on an inspection (行政处罚法 art 42). */
    public static final int DEFAULT_MIN_INSPECTORS = 2;

    private InspectionSignatures() {
    }

    /**
     * Why a record about to be sealed lacks what art 68 needs, or null when it has it all.
     *
     * @param minInspectors how many inspectors must be named and sign (2 by default)
     * @return {field pointer, message}, or null
     */
    public static String[] problem(JsonObject inspection, int minInspectors) {
        Set<String> inspectors = new HashSet<>();
        if (inspection.has("inspectors")) {
            for (JsonElement e : inspection.getAsJsonArray("inspectors")) {
                inspectors.add(e.getAsJsonObject().get("name").getAsString());
            }
        }
        if (inspectors.size() < minInspectors) {
            return new String[] {"/inspectors", "现场检查须由不少于" + minInspectors + "名执法人员进行（行政处罚法第四十二条）：本记录只列了 "
                    + inspectors.size() + " 名"};
        }
        Set<String> signedInspectors = new HashSet<>();
        boolean unitSigned = false;
        if (inspection.has("signatures")) {
            for (JsonElement e : inspection.getAsJsonArray("signatures")) {
                JsonObject signature = e.getAsJsonObject();
                String role = signature.get("role").getAsString();
                if ("INSPECTOR".equals(role)) {
                    signedInspectors.add(signature.get("name").getAsString());
                } else if ("UNIT_PERSON_IN_CHARGE".equals(role)) {
                    unitSigned = true;
                }
            }
        }
        for (String signer : signedInspectors) {
            if (!inspectors.contains(signer)) {
                return new String[] {"/signatures", "签字的执法人员 " + signer + " 不在本记录的执法人员名单中"};
            }
        }
        Set<String> unsigned = new HashSet<>(inspectors);
        unsigned.removeAll(signedInspectors);
        if (!unsigned.isEmpty()) {
            return new String[] {"/signatures", "检查记录须由检查人员签字（安全生产法第六十八条）：尚未签字的执法人员 " + String.join("、", new java.util.TreeSet<>(unsigned))};
        }
        boolean refused = inspection.has("refusalToSign");
        if (!unitSigned && !refused) {
            return new String[] {"/signatures", "检查记录须由被检查单位负责人签字，或记录其拒绝签字（安全生产法第六十八条）"};
        }
        if (unitSigned && refused) {
            return new String[] {"/refusalToSign", "被检查单位负责人已签字，不能同时记录拒绝签字"};
        }
        if (refused) {
            JsonObject refusal = inspection.getAsJsonObject("refusalToSign");
            String refusedBy = refusal.has("refusedBy") ? refusal.get("refusedBy").getAsString().trim() : "";
            JsonObject witness = refusal.has("witness") && refusal.get("witness").isJsonObject() ? refusal.getAsJsonObject("witness") : null;
            String witnessName = witness != null && witness.has("name") ? witness.get("name").getAsString().trim() : "";
            if (!refusedBy.isEmpty() && refusedBy.equals(witnessName)) {
                return new String[] {"/refusalToSign/witness", "见证人不能是拒绝签字的人本人（安全生产法第六十八条）"};
            }
        }
        return null;
    }
}
