package io.voxline.app;

/** Entry point of the voxline launcher. */
public final class Main
{
    private Main()
    {
    }

    public static void main(final String[] args)
    {
        System.out.println("voxline: skeleton");
    }
}
