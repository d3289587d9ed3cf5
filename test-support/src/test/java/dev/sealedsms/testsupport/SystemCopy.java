package dev.sealedsms.testsupport;

/** Reads the servers of the system class loader's {@link SealedInfrastructure}, the JVM-wide owner. */
final class SystemCopy {

    private SystemCopy() {
    }

    static String bootstrapServers() throws Exception {
        Class<?> owner = Class.forName(SealedInfrastructure.class.getName(), true, ClassLoader.getSystemClassLoader());
        Object infrastructure = owner.getMethod("get").invoke(null);
        Object kafka = owner.getMethod("kafka").invoke(infrastructure);
        Class<?> endpoint = Class.forName(KafkaEndpoint.class.getName(), true, ClassLoader.getSystemClassLoader());
        return (String) endpoint.getMethod("bootstrapServers").invoke(kafka);
    }
}
