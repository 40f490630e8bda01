package io.comet.remoting;

/** Client language, by name in JSON headers and by code in binary ones (same table in 4.9.8 and 5.3.1). */
public enum LanguageCode {
    JAVA(0), CPP(1), DOTNET(2), PYTHON(3), DELPHI(4), ERLANG(5), RUBY(6), OTHER(7), HTTP(8), GO(9), PHP(10),
    OMS(11), RUST(12);

    private static final LanguageCode[] VALUES = values();

    private final byte code;

    LanguageCode(int code) { this.code = (byte) code; }

    public byte code() { return code; }

    /** The language for a binary code; unknown codes give {@link #OTHER}. */
    public static LanguageCode ofCode(int code) {
        for (LanguageCode l : VALUES) if (l.code == code) return l;
        return OTHER;
    }

    /** The language for a JSON name; unknown or missing names give {@link #JAVA}, as the clients do. */
    public static LanguageCode ofName(String name) {
        if (name != null) for (LanguageCode l : VALUES) if (l.name().equals(name)) return l;
        return JAVA;
    }
}
