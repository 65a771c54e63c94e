#include "engine/core/change_model_trainer.h"

#include <torch/torch.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "engine/core/compute_devices.h"
#include "engine/core/internal/networks.h"
#include "engine/core/internal/plane_augmentation.h"
#include "engine/core/internal/wgan_losses.h"
#include "engine/core/training_schedule.h"

namespace everynet::engine {
namespace {

using internal::Critic;
using internal::UNetGenerator;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// "cuda:N" names one GPU of several (the service gives each GPU slot its own).
torch::Device chooseDevice(const std::string& requested) {
  const bool cuda = requested.starts_with("cuda");
  if (cuda || (requested == "auto" && torch::cuda::is_available())) {
    if (!torch::cuda::is_available())
      throw std::runtime_error("engine.device is " + requested +
                               ", but no CUDA device is available");
    return cuda ? torch::Device(requested) : torch::Device(torch::kCUDA);
  }
  if (requested != "auto" && requested != "cpu")
    throw std::invalid_argument("unknown device '" + requested + "' (auto, cpu, cuda or cuda:N)");
  return torch::kCPU;
}

// A volume as one 3D image: 1 x 1 x Z x Y x X.
torch::Tensor volumeTensor(const geometry::Volume& v, torch::Device device) {
  return torch::from_blob(const_cast<float*>(v.voxels.data()),
                          {1, 1, v.size[2], v.size[1], v.size[0]}, torch::kFloat32)
      .clone()
      .to(device);
}

// The same volume as a stack of axial slices: Z x 1 x Y x X.
torch::Tensor axialSlices(const torch::Tensor& volume) {
  return volume.view({volume.size(2), 1, volume.size(3), volume.size(4)});
}

void checkGrid(const geometry::Volume& v, const TrainingProfile& p, const char* which) {
  if (v.size != std::array<int, 3>{p.grid_xy, p.grid_xy, p.grid_z} ||
      v.voxels.size() != static_cast<std::size_t>(p.grid_xy) * p.grid_xy * p.grid_z) {
    throw std::invalid_argument(std::string(which) + " volume does not match the " + p.name +
                                " profile's working grid");
  }
}

// The stabiliser's pattern: Gaussian noise smoothed by a 2D Gaussian filter, scaled to [0, 1].
torch::Tensor noisePattern(int size, torch::Device device) {
  auto noise = torch::randn({1, 1, size + 2, size + 2});
  const auto k = torch::tensor({0.25f, 0.5f, 0.25f});
  const auto kernel = torch::outer(k, k).view({1, 1, 3, 3});
  auto smooth = torch::conv2d(noise, kernel).squeeze();
  smooth = (smooth - smooth.min()) / (smooth.max() - smooth.min() + 1e-6);
  return smooth.to(device);
}

void placeSquare(torch::Tensor& images, const torch::Tensor& pattern, double position, int size) {
  using torch::indexing::Slice;
  const auto y = squareBounds(position, static_cast<int>(images.size(2)), size);
  const auto x = squareBounds(position, static_cast<int>(images.size(3)), size);
  images.index_put_({Slice(), 0, Slice(y.begin, y.end), Slice(x.begin, x.end)},
                    pattern.index({Slice(0, y.end - y.begin), Slice(0, x.end - x.begin)}));
}

std::string serialise(torch::nn::Module& module) {
  torch::serialize::OutputArchive archive;
  module.save(archive);
  std::ostringstream out;
  archive.save_to(out);
  return out.str();
}

void deserialise(torch::nn::Module& module, const std::string& bytes, torch::Device device) {
  torch::serialize::InputArchive archive;
  std::istringstream in(bytes);
  archive.load_from(in, device);
  module.load(archive);
}

// What survives a restart: networks, optimisers, snapshots and where the schedule stood.
struct Checkpoint {
  std::filesystem::path dir;

  bool exists() const { return !dir.empty() && std::filesystem::exists(dir / "state.txt"); }

  void save(int next_iteration, UNetGenerator& g, Critic& c, torch::optim::Adam& g_opt,
            torch::optim::Adam& c_opt, const std::vector<std::string>& snapshots) const {
    if (dir.empty()) return;
    std::filesystem::create_directories(dir);
    torch::save(g, (dir / "generator.pt").string());
    torch::save(c, (dir / "critic.pt").string());
    torch::save(g_opt, (dir / "generator_optimizer.pt").string());
    torch::save(c_opt, (dir / "critic_optimizer.pt").string());
    for (std::size_t i = 0; i < snapshots.size(); ++i) {
      std::ofstream(dir / ("snapshot" + std::to_string(i) + ".pt"), std::ios::binary)
          << snapshots[i];
    }
    // Written last: a checkpoint counts only once everything it names is on disk.
    const auto temporary = dir / "state.txt.tmp";
    std::ofstream(temporary) << next_iteration << ' ' << snapshots.size() << '\n';
    std::filesystem::rename(temporary, dir / "state.txt");
  }

  int load(UNetGenerator& g, Critic& c, torch::optim::Adam& g_opt, torch::optim::Adam& c_opt,
           std::vector<std::string>& snapshots, torch::Device device) const {
    int next_iteration = 0;
    std::size_t snapshot_count = 0;
    std::ifstream(dir / "state.txt") >> next_iteration >> snapshot_count;
    torch::load(g, (dir / "generator.pt").string(), device);
    torch::load(c, (dir / "critic.pt").string(), device);
    torch::load(g_opt, (dir / "generator_optimizer.pt").string(), device);
    torch::load(c_opt, (dir / "critic_optimizer.pt").string(), device);
    snapshots.clear();
    for (std::size_t i = 0; i < snapshot_count; ++i) {
      std::ifstream in(dir / ("snapshot" + std::to_string(i) + ".pt"), std::ios::binary);
      snapshots.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return next_iteration;
  }
};

// The map of one generator over every axial slice, batched: Z x 1 x Y x X.
torch::Tensor inferMap(UNetGenerator& generator, const torch::Tensor& baseline, int batch) {
  torch::NoGradGuard no_grad;
  generator->eval();
  std::vector<torch::Tensor> parts;
  for (int64_t z = 0; z < baseline.size(0); z += batch) {
    parts.push_back(
        generator->forward(baseline.slice(0, z, std::min<int64_t>(z + batch, baseline.size(0)))));
  }
  generator->train();
  return torch::cat(parts, 0);
}

// Mean of the snapshots' maps; each snapshot is left out where its noise square was.
torch::Tensor ensembleMap(const std::vector<std::string>& snapshots,
                          const std::vector<NoiseSquarePhase>& phases, const TrainingProfile& p,
                          const torch::Tensor& baseline, torch::Device device) {
  using torch::indexing::Slice;
  auto sum = torch::zeros_like(baseline);
  auto count = torch::zeros_like(baseline);
  UNetGenerator generator(p.generator_widths);
  generator->to(device);
  for (std::size_t k = 0; k < snapshots.size(); ++k) {
    deserialise(*generator, snapshots[k], device);
    auto weight = torch::ones_like(baseline);
    if (const auto position = phases[k].position_fraction) {
      const auto y = squareBounds(*position, p.grid_xy, p.noise_square_size);
      const auto x = squareBounds(*position, p.grid_xy, p.noise_square_size);
      weight.index_put_({Slice(), 0, Slice(y.begin, y.end), Slice(x.begin, x.end)}, 0.0);
    }
    sum += inferMap(generator, baseline, p.inference_batch) * weight;
    count += weight;
  }
  return sum / count.clamp_min(1.0);
}

geometry::Volume toVolume(const torch::Tensor& stack, const geometry::Volume& geometry) {
  geometry::Volume v{geometry.size, geometry.spacing_mm, {}};
  const auto cpu = stack.to(torch::kCPU).contiguous();
  v.voxels.assign(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
  return v;
}

struct Networks {
  UNetGenerator generator;
  Critic critic;
};

// Both networks drawn from the seeded random stream: constructed, then He-initialised, in this
// order, since the order fixes their first weights.
Networks initialNetworks(const TrainingProfile& p, torch::Device device) {
  Networks networks{UNetGenerator(p.generator_widths), Critic(p.critic_levels)};
  internal::heInitialise(*networks.generator);
  internal::heInitialise(*networks.critic);
  internal::startWithEmptyMap(*networks.generator);
  networks.generator->to(device);
  networks.critic->to(device);
  return networks;
}

struct Optimisers {
  torch::optim::Adam generator;
  torch::optim::Adam critic;
};

Optimisers adamFor(Networks& networks, const TrainingProfile& p) {
  const auto adam = [](double learning_rate) {
    return torch::optim::AdamOptions(learning_rate).betas({0.0, 0.9});
  };
  return {torch::optim::Adam(networks.generator->parameters(), adam(p.generator_learning_rate)),
          torch::optim::Adam(networks.critic->parameters(), adam(p.critic_learning_rate))};
}

// The two kinds of update of the WGAN, on planes drawn afresh for each.
struct WganSteps {
  const TrainingProfile& p;
  const TrainingPair& pair;
  torch::Tensor baseline, followup;  // the pair's volumes on the device
  torch::Tensor pattern;             // the stabiliser's noise square
  Networks& networks;
  Optimisers& optimisers;

  std::vector<std::int64_t> drawSlices() const {
    return internal::randomSlices(p.batch_size, p.grid_z, pair.tumour_slices,
                                  p.tumour_slice_fraction);
  }

  // One critic update; returns its loss.
  double critic(const NoiseSquarePhase& phase, TrainingTimings& timings) const {
    const auto step_started = Clock::now();
    auto planes = internal::augmentedPlanePair(baseline, followup, pair.baseline, drawSlices(), p);
    auto& real = planes.followup;
    if (phase.position_fraction)
      placeSquare(real, pattern, *phase.position_fraction, p.noise_square_size);
    const auto& moved = planes.baseline;
    const auto fake = (moved + networks.generator->forward(moved)).detach();
    optimisers.critic.zero_grad();
    auto loss = internal::criticLoss(networks.critic, real, fake, p.gradient_penalty_weight);
    loss.backward();
    optimisers.critic.step();
    const double value = loss.item<double>();
    timings.critic_seconds += secondsSince(step_started);
    ++timings.critic_steps;
    return value;
  }

  // One generator update; returns its loss.
  double generator(TrainingTimings& timings) const {
    const auto step_started = Clock::now();
    const auto moved = internal::augmentedPlanes(baseline, pair.baseline, drawSlices(), p);
    const auto map = networks.generator->forward(moved);
    optimisers.generator.zero_grad();
    auto loss = internal::generatorLoss(networks.critic, moved + map, map, p.map_l1_weight);
    loss.backward();
    optimisers.generator.step();
    const double value = loss.item<double>();
    timings.generator_seconds += secondsSince(step_started);
    ++timings.generator_steps;
    return value;
  }
};

// The change map: the mean of the snapshots' maps over every axial slice.
void finishWithEnsemble(TrainingOutcome& outcome, const std::vector<std::string>& snapshots,
                        const std::vector<NoiseSquarePhase>& phases, const WganSteps& steps,
                        torch::Device device) {
  const auto ensemble_started = Clock::now();
  outcome.change_map =
      toVolume(ensembleMap(snapshots, phases, steps.p, axialSlices(steps.baseline), device),
               steps.pair.baseline);
  outcome.timings.ensemble_seconds = secondsSince(ensemble_started);
  outcome.timings.ensemble_snapshots = static_cast<int>(snapshots.size());
  outcome.finished = true;
}

}  // namespace

TrainingOutcome trainChangeModel(const TrainingPair& pair, const TrainingOptions& options) {
  const TrainingProfile& p = options.profile;
  checkGrid(pair.baseline, p, "baseline");
  checkGrid(pair.followup, p, "follow-up");
  const auto started = Clock::now();
  const torch::Device device = chooseDevice(options.device);
  useCpuThreads(options.threads);
  torch::manual_seed(options.seed);

  Networks networks = initialNetworks(p, device);
  Optimisers optimisers = adamFor(networks, p);
  const WganSteps steps{p,
                        pair,
                        volumeTensor(pair.baseline, device),
                        volumeTensor(pair.followup, device),
                        noisePattern(p.noise_square_size, device),
                        networks,
                        optimisers};
  const Checkpoint checkpoint{options.checkpoint_dir};
  std::vector<std::string> snapshots;
  const int first = checkpoint.exists()
                        ? checkpoint.load(networks.generator, networks.critic, optimisers.generator,
                                          optimisers.critic, snapshots, device)
                        : 0;

  const auto phases = noiseSquarePhases(p.generator_iterations);
  TrainingOutcome outcome;
  outcome.device = device.is_cuda() ? "cuda" : "cpu";
  if (options.started) options.started({outcome.device, p.generator_iterations, first});
  const auto stopRequested = [&] { return options.stop_requested && options.stop_requested(); };
  for (int iteration = first; iteration < p.generator_iterations; ++iteration) {
    // Seeded per iteration, so a resumed training draws what an uninterrupted one would have.
    torch::manual_seed(options.seed * 1000003ULL + static_cast<std::uint64_t>(iteration));
    const auto& phase = phaseAt(phases, iteration);
    double critic_loss = 0;
    for (int k = 0; k < criticUpdatesBefore(iteration, p); ++k) {
      if (stopRequested()) {
        outcome.seconds = secondsSince(started);
        return outcome;
      }
      critic_loss = steps.critic(phase, outcome.timings);
    }
    const double generator_loss = steps.generator(outcome.timings);
    ++outcome.iterations_run;

    if (iteration + 1 == phase.end_iteration) snapshots.push_back(serialise(*networks.generator));
    const int done = iteration + 1;
    const double elapsed = secondsSince(started);
    const TrainingProgress progress{
        done, p.generator_iterations, critic_loss, generator_loss,
        elapsed / outcome.iterations_run * (p.generator_iterations - done)};
    if (options.progress) options.progress(progress);
    const bool stop = stopRequested();
    if (stop || (p.checkpoint_every > 0 && done % p.checkpoint_every == 0)) {
      checkpoint.save(done, networks.generator, networks.critic, optimisers.generator,
                      optimisers.critic, snapshots);
    }
    if (stop) {
      outcome.seconds = elapsed;
      return outcome;
    }
  }
  finishWithEnsemble(outcome, snapshots, phases, steps, device);
  outcome.seconds = secondsSince(started);
  return outcome;
}

}  // namespace everynet::engine
