package dev.sealedsms.events;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer for every event record: the {@link EventJson} form. */
public class EventSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object data) {
        return data == null ? null : EventJson.write(data);
    }
}
