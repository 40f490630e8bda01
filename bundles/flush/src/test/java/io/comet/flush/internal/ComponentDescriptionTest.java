package io.comet.flush.internal;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Pins what bnd generated from the annotations, which the config bundle and SCR rely on: the metatype of
 * {@code comet.flush} has RocketMQ's keys and defaults (the same as {@link FlushSettings#DEFAULTS}), and both
 * components read that PID optionally and publish no DS service (they register their prototype service
 * themselves, see {@link PolicyServiceFactory}).
 */
class ComponentDescriptionTest {

    private static Document parse(String resource) throws Exception {
        try (InputStream in = ComponentDescriptionTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " not generated");
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
    }

    @Test
    void metatypeDeclaresRocketMqKeysWithRocketMqDefaults() throws Exception {
        Document doc = parse("OSGI-INF/metatype/comet.flush.xml");
        Element ocd = (Element) doc.getElementsByTagName("OCD").item(0);
        assertEquals("comet.flush", ocd.getAttribute("id"));
        Map<String, String> defaults = new LinkedHashMap<>();
        NodeList ads = ocd.getElementsByTagName("AD");
        for (int i = 0; i < ads.getLength(); i++) {
            Element ad = (Element) ads.item(i);
            defaults.put(ad.getAttribute("id"), ad.getAttribute("default"));
        }
        FlushSettings d = FlushSettings.DEFAULTS;
        assertEquals(Map.of(
                "flushDiskType", "ASYNC_FLUSH",
                "syncFlushTimeout", Long.toString(d.syncFlushTimeoutMs()),
                "flushIntervalCommitLog", Integer.toString(d.flushIntervalMs()),
                "flushCommitLogLeastPages", Integer.toString(d.leastPages()),
                "flushCommitLogThoroughInterval", Integer.toString(d.thoroughIntervalMs()),
                "flushCommitLogTimed", Boolean.toString(d.timed()),
                "wakeFlushWhenPutMessage", Boolean.toString(d.wakeOnPut())), defaults);
        NodeList options = ocd.getElementsByTagName("Option");
        assertEquals(2, options.getLength());
        assertEquals(List.of("SYNC_FLUSH", "ASYNC_FLUSH"), List.of(
                ((Element) options.item(0)).getAttribute("value"), ((Element) options.item(1)).getAttribute("value")));
        Element designate = (Element) doc.getElementsByTagName("Designate").item(0);
        assertEquals("comet.flush", designate.getAttribute("pid"));
    }

    @Test
    void bothComponentsReadCometFlushOptionallyAndLeaveRegistrationToTheFactory() throws Exception {
        for (Class<?> component : List.of(SyncFlushComponent.class, AsyncFlushComponent.class)) {
            Document doc = parse("OSGI-INF/" + component.getName() + ".xml");
            Element root = doc.getDocumentElement();
            assertEquals("comet.flush", root.getAttribute("configuration-pid"), component.getSimpleName());
            assertEquals("optional", root.getAttribute("configuration-policy"), component.getSimpleName());
            assertEquals("modified", root.getAttribute("modified"), component.getSimpleName());
            assertEquals(0, doc.getElementsByTagName("service").getLength(),
                    component.getSimpleName() + ": a DS-registered service would carry the configured flushDiskType");
        }
    }
}
