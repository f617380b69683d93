package cn.fieldsync.schemas;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * A Gson tree copied into Jackson's node types, for the JSON Schema validator (which reads
 * Jackson nodes): the documents the server and the device check are Gson trees already, and
 * writing one out only for the validator to parse it again cost more than the copy. Stateless.
 */
final class GsonNodes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GsonNodes() {
    }

    static JsonNode of(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return NODES.nullNode();
        }
        if (value.isJsonObject()) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<String, JsonElement> member : value.getAsJsonObject().entrySet()) {
                object.set(member.getKey(), of(member.getValue()));
            }
            return object;
        }
        if (value.isJsonArray()) {
            ArrayNode array = NODES.arrayNode();
            for (JsonElement item : value.getAsJsonArray()) {
                array.add(of(item));
            }
            return array;
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return NODES.booleanNode(primitive.getAsBoolean());
        }
        if (primitive.isString()) {
            return NODES.textNode(primitive.getAsString());
        }
        return number(primitive.getAsString());
    }

    /** As the text parses: whole numbers whole, a fraction a double only where that is exact. */
    private static JsonNode number(String text) {
        if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            BigInteger whole = new BigInteger(text);
            // the node types the parser gives, so that const and enum compare equal
            return whole.bitLength() < 32 ? IntNode.valueOf(whole.intValue())
                    : whole.bitLength() < 64 ? LongNode.valueOf(whole.longValue()) : BigIntegerNode.valueOf(whole);
        }
        BigDecimal exact = new BigDecimal(text);
        double approximate = exact.doubleValue();
        if (Double.isFinite(approximate) && new BigDecimal(Double.toString(approximate)).compareTo(exact) == 0) {
            return DoubleNode.valueOf(approximate);
        }
        return DecimalNode.valueOf(exact);
    }
}
