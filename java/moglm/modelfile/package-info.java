/**
 * Model and checkpoint files: the checksummed section container ({@link moglm.modelfile.SectionFile}),
 * the one payload layout of structured sections ({@link moglm.modelfile.SectionCodec}: magic,
 * version, little-endian), the registry of section names ({@link moglm.modelfile.Sections}),
 * model files proper ({@link moglm.modelfile.ModelFile}: config, vocabulary, tensors, dense or
 * sparse {@link moglm.modelfile.SparseTensor}) and their errors
 * ({@link moglm.modelfile.ModelFileException}, naming the file).
 *
 * <p>Depends on: {@code model}, {@code util}.
 */
package moglm.modelfile;
