package cn.fieldsync.schemas;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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
        // each officer is one person, told apart by the certificate number (two officers may share a name)
        List<JsonObject> inspectors = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        if (inspection.has("inspectors")) {
            for (JsonElement e : inspection.getAsJsonArray("inspectors")) {
                JsonObject inspector = e.getAsJsonObject();
                if (keys.add(key(inspector))) {
                    inspectors.add(inspector);
                }
            }
        }
        if (inspectors.size() < minInspectors) {
            return new String[] {"/inspectors", "现场检查须由不少于" + minInspectors + "名执法人员进行（行政处罚法第四十二条）：本记录只列了 "
                    + inspectors.size() + " 名"};
        }
        Set<String> signed = new HashSet<>();
        boolean unitSigned = false;
        if (inspection.has("signatures")) {
            for (JsonElement e : inspection.getAsJsonArray("signatures")) {
                JsonObject signature = e.getAsJsonObject();
                String role = signature.get("role").getAsString();
                if ("INSPECTOR".equals(role)) {
                    String mismatch = nameMismatch(signature, inspectors);
                    if (mismatch != null) {
                        return new String[] {"/signatures", mismatch};
                    }
                    String who = whoSigned(signature, inspectors, signed);
                    if (who == null) {
                        return new String[] {"/signatures", "签字的执法人员 " + describe(signature, inspectors) + " 不在本记录的执法人员名单中"};
                    }
                    signed.add(who);
                } else if ("UNIT_PERSON_IN_CHARGE".equals(role)) {
                    unitSigned = true;
                }
            }
        }
        Set<String> unsigned = new TreeSet<>();
        for (JsonObject inspector : inspectors) {
            if (!signed.contains(key(inspector))) {
                unsigned.add(describe(inspector, inspectors));
            }
        }
        if (!unsigned.isEmpty()) {
            return new String[] {"/signatures", "检查记录须由检查人员签字（安全生产法第六十八条）：尚未签字的执法人员 " + String.join("、", unsigned)};
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
            // the witness attests what the officers record: a third person, neither the one who refused nor an officer
            // (a tester's finding: an officer of the record was taken as the witness of its refusal)
            if (!refusedBy.isEmpty() && refusedBy.equals(witnessName)) {
                return new String[] {"/refusalToSign/witness", "见证人不能是拒绝签字的人本人：见证人须是执法人员和拒绝签字的人以外的第三人"};
            }
            for (JsonObject inspector : inspectors) {
                if (!witnessName.isEmpty() && witnessName.equals(text(inspector, "name"))) {
                    return new String[] {"/refusalToSign/witness", "见证人不能是本记录的执法人员（" + witnessName
                            + "）：见证人须是执法人员和拒绝签字的人以外的第三人"};
                }
            }
        }
        return null;
    }

    /**
     * For each officer the record lists, in its order, whether that officer has signed (matched as
     * {@link #problem} matches them: by certificate number, a name-only signature by name). What the
     * app's sign page shows, so the page and the seal check count signatures alike.
     */
    public static List<Boolean> signedOfficers(JsonObject inspection) {
        List<JsonObject> listed = new ArrayList<>();
        if (inspection.has("inspectors")) {
            inspection.getAsJsonArray("inspectors").forEach(e -> listed.add(e.getAsJsonObject()));
        }
        Set<String> signed = new HashSet<>();
        if (inspection.has("signatures")) {
            for (JsonElement e : inspection.getAsJsonArray("signatures")) {
                JsonObject signature = e.getAsJsonObject();
                if ("INSPECTOR".equals(text(signature, "role"))) {
                    String who = whoSigned(signature, listed, signed);
                    if (who != null) {
                        signed.add(who);
                    }
                }
            }
        }
        List<Boolean> answer = new ArrayList<>();
        listed.forEach(i -> answer.add(signed.contains(key(i))));
        return answer;
    }

    /** Who an officer is: the certificate number (执法证号), else the name (a record made before numbers were required). */
    public static String key(JsonObject person) {
        String certificate = text(person, "certificateNumber");
        return certificate.isEmpty() ? "name:" + text(person, "name") : certificate;
    }

    /**
     * A signature under an officer's certificate number with another name: one officer signing for another (a
     * tester's finding: 张明 signed under 刘洋's number, and the record counted two officers). Null when it fits.
     */
    static String nameMismatch(JsonObject signature, List<JsonObject> inspectors) {
        String certificate = text(signature, "certificateNumber");
        String name = text(signature, "name");
        if (certificate.isEmpty()) {
            return null;
        }
        for (JsonObject inspector : inspectors) {
            if (certificate.equals(text(inspector, "certificateNumber")) && !name.equals(text(inspector, "name"))) {
                return "签名人“" + name + "”与执法证号 " + certificate + " 的执法人员“" + text(inspector, "name")
                        + "”不符：每位执法人员须本人签名（行政处罚法第四十二条、安全生产法第六十八条）";
            }
        }
        return null;
    }

    /**
     * The officer an INSPECTOR signature is of: by its certificate number when it carries one; else
     * (a signature made before signatures carried numbers) the first officer of that name not yet
     * counted as signed. Null when the record names no such officer.
     */
    public static String whoSigned(JsonObject signature, List<JsonObject> inspectors, Set<String> signedAlready) {
        String certificate = text(signature, "certificateNumber");
        String name = text(signature, "name");
        for (JsonObject inspector : inspectors) {
            if (certificate.isEmpty() ? name.equals(text(inspector, "name")) && !signedAlready.contains(key(inspector))
                    : certificate.equals(text(inspector, "certificateNumber")) && name.equals(text(inspector, "name"))) {
                return key(inspector);
            }
        }
        if (certificate.isEmpty()) {
            // every officer of that name signed already: the signature is of one of them, signing twice
            for (JsonObject inspector : inspectors) {
                if (name.equals(text(inspector, "name"))) {
                    return key(inspector);
                }
            }
        }
        return null;
    }

    /** The name, with the certificate number when another officer of the record has the same name. */
    private static String describe(JsonObject person, List<JsonObject> inspectors) {
        String name = text(person, "name");
        long namesakes = inspectors.stream().filter(i -> name.equals(text(i, "name"))).count();
        String certificate = text(person, "certificateNumber");
        return namesakes > 1 && !certificate.isEmpty() ? name + "（执法证号 " + certificate + "）" : name;
    }

    private static String text(JsonObject o, String field) {
        return JsonFields.textOr(o, field, "");
    }
}
