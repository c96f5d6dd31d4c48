package org.bootwarden.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The TLS socket factory JNDI uses for {@code ldaps://} connections of a source with its own trust
 * store. JNDI only takes a class name and calls its static {@link #getDefault()}, so the source's
 * factory is handed over in a thread-local while its context is being opened
 * ({@link DirectoryContexts}); JNDI opens the connection on the calling thread and still checks
 * the server's name against its certificate (endpoint identification "LDAPS").
 */
public final class DirectorySocketFactory extends SSLSocketFactory {

    static final ThreadLocal<SSLSocketFactory> CURRENT = new ThreadLocal<>();

    private final SSLSocketFactory delegate;

    private DirectorySocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    /** Called by JNDI. */
    public static SocketFactory getDefault() {
        SSLSocketFactory f = CURRENT.get();
        return new DirectorySocketFactory(f != null ? f : (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return delegate.createSocket();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return delegate.createSocket(s, host, port, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return delegate.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return delegate.createSocket(address, port, localAddress, localPort);
    }
}
