package io.comet.tools.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.comet.common.Json;
import org.junit.jupiter.api.Test;

class FastjsonTextTest {
    /** The expected text is what fastjson 1.2.69 printed for the same bean with PrettyFormat. */
    @Test
    void layoutIsFastjsonsPrettyFormat() {
        String json = "{\"t\":{\"x\":[\"p\",\"q\"],\"y\":[]},\"s\":\"q\\\"uote\",\"n\":null,\"l\":[],"
                + "\"addrs\":{\"0\":\"a\",\"1\":\"b\"}}";
        assertEquals("""
                {
                \t"addrs":{0:"a",1:"b"
                \t},
                \t"l":[],
                \t"s":"q\\"uote",
                \t"t":{
                \t\t"x":[
                \t\t\t"p",
                \t\t\t"q"
                \t\t],
                \t\t"y":[]
                \t}
                }""", FastjsonText.of(Json.fromString(json, com.fasterxml.jackson.databind.JsonNode.class)));
    }

    @Test
    void emptyObjectsAndNumbers() {
        assertEquals("{\n\t\"a\":{},\n\t\"b\":6,\n\t\"c\":false\n}", FastjsonText.of(Json.fromString(
                "{\"c\":false,\"b\":6,\"a\":{}}", com.fasterxml.jackson.databind.JsonNode.class)));
    }
}
