/**
 * Tailwind, then vendor prefixes. `npm run build` (build.js) runs these in a worker thread while
 * the Remix compiler loads, and leaves the promise of its result on `globalThis.builtStylesheet`:
 * the compiler then takes that stylesheet as it is instead of running Tailwind on its own thread.
 */
export default (context) => {
  const built = context.remix ? globalThis.builtStylesheet : undefined;
  if (!built) return { plugins: { tailwindcss: {}, autoprefixer: {} } };
  return {
    plugins: [
      {
        postcssPlugin: "built-stylesheet",
        async Once(root, { parse }) {
          const { file, css } = await built;
          if (root.source?.input.file !== file) throw new Error(`only ${file} is built in advance, not ${root.source?.input.file}`);
          root.removeAll();
          root.append(parse(css, { from: file }).nodes);
        },
      },
    ],
  };
};
