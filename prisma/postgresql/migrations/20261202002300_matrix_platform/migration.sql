-- Matrix joins the platforms.
ALTER TYPE "Platform" ADD VALUE 'matrix';
